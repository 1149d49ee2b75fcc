/** h5: a spreadsheet from the server (base64) is downloaded by the browser. */
export async function saveSpreadsheet(fileName: string, base64: string): Promise<void> {
  const a = document.createElement('a');
  a.href = `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${base64}`;
  a.download = fileName;
  a.click();
}
