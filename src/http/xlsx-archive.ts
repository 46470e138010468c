/**
 * An uploaded xlsx file is a zip archive: before anything inflates it, its central directory is read (yauzl,
 * without inflating) and an archive that declares more than a spreadsheet of the application could hold (a
 * ledger, a list of parking sites) is refused — a zip bomb of a few hundred kilobytes would otherwise inflate to
 * gigabytes of sheet XML in the server's memory. Declared sizes can lie: the ledger's parse runs in a worker with
 * a memory cap (src/projects/xlsx/parse-in-worker.ts).
 */
import yauzl from 'yauzl';

/** Why an archive is refused: a code the importers share (not_xlsx, too_large) and the sentence in both languages. */
export type ArchiveRefusal = { code: 'not_xlsx' | 'too_large'; zh: string; en: string };
const refusal = (code: ArchiveRefusal['code'], zh: string, en: string): ArchiveRefusal => ({ code, zh, en });
const notXlsx = (detail: string, detailEn: string) =>
  refusal(
    'not_xlsx',
    `不是有效的xlsx文件（${detail}）`,
    `This is not a valid xlsx file (${detailEn}): save it from Excel or WPS as .xlsx and try again`,
  );

export const ARCHIVE_LIMITS = {
  /** The sum of the declared uncompressed sizes: a 20,000-row ledger is a few megabytes of XML. */
  totalBytes: 64 * 1024 * 1024,
  entries: 1000,
  /** How much one entry may inflate relative to its compressed size (sheet XML compresses ~10–30×). */
  ratio: 200,
};

const tooLarge = (zh: string, en: string) => refusal('too_large', zh, en);

/** Null when the archive may be parsed, else why not. */
export function checkArchive(buffer: Buffer): Promise<ArchiveRefusal | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve(notXlsx('无法读取压缩包目录', 'it is not a zip archive'));
      let total = 0;
      let count = 0;
      const done = (reason: ArchiveRefusal | null) => {
        zip.close();
        resolve(reason);
      };
      zip.on('error', () => done(notXlsx('压缩包目录损坏', 'its zip directory is damaged')));
      zip.on('entry', (e: yauzl.Entry) => {
        count++;
        total += e.uncompressedSize;
        if (count > ARCHIVE_LIMITS.entries)
          return done(
            tooLarge(
              `压缩包内文件过多（超过${ARCHIVE_LIMITS.entries}个）`,
              `The archive holds more than ${ARCHIVE_LIMITS.entries} files`,
            ),
          );
        if (total > ARCHIVE_LIMITS.totalBytes)
          return done(
            tooLarge(
              `解压后超过${ARCHIVE_LIMITS.totalBytes / 1024 / 1024}MB，不像一份台账`,
              `It would inflate past ${ARCHIVE_LIMITS.totalBytes / 1024 / 1024} MB: not a ledger`,
            ),
          );
        if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * ARCHIVE_LIMITS.ratio)
          return done(
            tooLarge(
              `压缩比异常（${e.fileName}），疑为压缩炸弹`,
              `An abnormal compression ratio (${e.fileName}): probably a zip bomb`,
            ),
          );
        zip.readEntry();
      });
      zip.on('end', () => done(null));
      zip.readEntry();
    });
  });
}
