import QRCode from 'qrcode';

/** A short code (booking, check-in, coupon) as a QR data URL for a counter's scanner. */
export const codeQr = (code: string, width = 200): Promise<string> =>
  QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 1, width });
