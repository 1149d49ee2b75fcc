export interface PickedFile {
  fileName: string;
  contentBase64?: string;
  cloudFileId?: string;
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Photos larger than one call are redrawn smaller; PDFs up to 10 MB go up in pieces (../upload.ts). */
const LIMIT = 180 * 1024;

/** What the claim form tells the member about files on this platform. */
export const UPLOAD_HINT = 'JPG、PNG 照片或 PDF，单个不超过 10 MB（照片会自动压缩）。';

/** A photo over the limit is redrawn smaller as JPEG until it fits (PDFs are sent as they are). */
async function shrinkImage(file: File): Promise<Blob> {
  if (file.size <= LIMIT || !/^image\/(jpeg|png)$/.test(file.type)) return file;
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  for (let quality = 0.8; ; ) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
    if (!blob || blob.size <= LIMIT || canvas.width < 400) return blob ?? file;
    if (quality > 0.5) quality -= 0.1;
    else scale *= 0.8;
  }
}

/**
 * H5: a photo or a PDF through the browser's file picker, read as base64 for aid.uploadAttachment or,
 * when larger than one call, the chunked upload (the server checks the content and the 10 MB limit;
 * nothing is trusted from the name).
 */
export function pickFile(_personId: string): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/jpeg,image/png,application/pdf';
    input.className = 'aid-file-input';
    input.style.display = 'none';
    document.body.appendChild(input);
    const done = () => input.remove();
    input.onchange = async () => {
      const file = input.files?.[0];
      done();
      if (!file) return resolve(null);
      try {
        const blob = await shrinkImage(file);
        const fileName = blob === file ? file.name : file.name.replace(/\.\w+$/, '') + '.jpg';
        resolve({ fileName, contentBase64: toBase64(await blob.arrayBuffer()) });
      } catch (e) {
        reject(e);
      }
    };
    input.addEventListener('cancel', () => {
      done();
      resolve(null);
    });
    input.click();
  });
}
