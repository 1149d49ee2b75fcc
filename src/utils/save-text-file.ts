import Taro from '@tarojs/taro';

/**
 * Hand a text file (e.g. CSV for Excel) to the user: a download on h5; on the mini-program a file in the user data
 * folder sent on through the chat file picker (weapp cannot open .csv itself).
 */
export async function saveTextFile(filename: string, text: string, mime = 'text/csv;charset=utf-8'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  const path = `${Taro.env.USER_DATA_PATH}/${filename.replace(/[\\/:*?"<>|]/g, '_')}`;
  Taro.getFileSystemManager().writeFileSync(path, text, 'utf8');
  await Taro.shareFileMessage({ filePath: path, fileName: filename });
}
