/** h5: files through a hidden <input type=file> and a download link; no camera scanning. */
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

export async function saveTemplate(fileName: string, base64: string): Promise<void> {
  const a = document.createElement('a');
  a.href = `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${base64}`;
  a.download = fileName;
  a.click();
}

export const canScan = false;
export async function scanCode(): Promise<string | null> {
  return null;
}
