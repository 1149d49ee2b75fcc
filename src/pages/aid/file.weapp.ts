import Taro from '@tarojs/taro';

/** What the claim form tells the member about files on this platform. */
export const UPLOAD_HINT = 'JPG、PNG 照片或 PDF，单个不超过 10 MB。';

export interface PickedFile {
  fileName: string;
  contentBase64?: string;
  cloudFileId?: string;
}

/**
 * Mini-program: a photo or a PDF from a chat, uploaded straight to CloudBase storage under
 * aid-uploads/<personId>/ (the server checks the folder and the content before accepting the fileID).
 */
export async function pickFile(personId: string): Promise<PickedFile | null> {
  const { tapIndex } = await Taro.showActionSheet({ itemList: ['拍照或从相册选择', '从聊天记录选择 PDF'] }).catch(() => ({
    tapIndex: -1,
  }));
  let path = '';
  let name = '';
  if (tapIndex === 0) {
    const r = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] }).catch(() => null);
    path = r?.tempFiles[0]?.tempFilePath ?? '';
    name = 'photo.jpg';
  } else if (tapIndex === 1) {
    const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'] }).catch(() => null);
    path = r?.tempFiles[0]?.path ?? '';
    name = r?.tempFiles[0]?.name ?? 'file.pdf';
  }
  if (!path) return null;
  const ext = name.toLowerCase().endsWith('.pdf') ? 'pdf' : 'jpg';
  const cloudPath = `aid-uploads/${personId}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`;
  const up = await Taro.cloud.uploadFile({ cloudPath, filePath: path });
  return { fileName: name, cloudFileId: up.fileID };
}
