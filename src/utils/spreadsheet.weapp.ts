import Taro from '@tarojs/taro';

/** weapp: a spreadsheet from the server (base64) is written to user data and opened in the document viewer. */
export async function saveSpreadsheet(fileName: string, base64: string): Promise<void> {
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  Taro.getFileSystemManager().writeFileSync(filePath, base64, 'base64');
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
}
