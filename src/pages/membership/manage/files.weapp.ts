import Taro from '@tarojs/taro';

/** weapp: a roster comes from a chat (chooseMessageFile), the template opens in the document viewer. */
export interface PickedFile {
  name: string;
  size: number;
  base64: string;
}

export async function pickRosterFile(): Promise<PickedFile | null> {
  const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] }).catch(() => null);
  const file = res?.tempFiles[0];
  if (!file) return null;
  const data = Taro.getFileSystemManager().readFileSync(file.path, 'base64') as string;
  return { name: file.name, size: file.size, base64: data };
}

export { saveSpreadsheet as saveTemplate } from '@/utils/spreadsheet';
