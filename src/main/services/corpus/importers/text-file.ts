import { readRegularFile } from '../../runtime/regular-file'

/**
 * Reads an annotation text file as lines: UTF-8, falling back to Latin-1 where the bytes are not valid UTF-8
 * (IEMOCAP's lab files are ISO-8859-1), with CRLF or LF line ends and a BOM dropped. Regular files only: a FIFO
 * or device is FILE_UNREADABLE naming `name` (never a blocking open).
 */
export function readTextLines(path: string, name: string = path): string[] {
  const bytes = readRegularFile(path, name)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('latin1').decode(bytes)
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return text.split(/\r?\n|\r/)
}
