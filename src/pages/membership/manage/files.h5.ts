/** h5: files through a hidden <input type=file> and a download link. */
export interface PickedFile {
  name: string;
  size: number;
  base64: string;
}

export function pickRosterFile(): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,.csv';
    input.onchange = () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        resolve({ name: file.name, size: file.size, base64: url.slice(url.indexOf(',') + 1) });
      };
      reader.onerror = () => reject(new Error('读取文件失败'));
      reader.readAsDataURL(file);
    };
    input.click();
  });
}

export { saveSpreadsheet as saveTemplate } from '@/utils/spreadsheet';
