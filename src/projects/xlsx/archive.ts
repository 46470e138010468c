/**
 * An xlsx file is a zip archive: before anything inflates it, its central directory is read (yauzl, without
 * inflating) and an archive that declares more than a ledger could hold is refused — a zip bomb of a few hundred
 * kilobytes would otherwise inflate to gigabytes of sheet XML in the server's memory. Declared sizes can lie;
 * the parse itself runs in a worker with a memory cap (./parse-in-worker.ts).
 */
import yauzl from 'yauzl';
import { fileError, notXlsx, type LedgerFileError } from './file-errors.js';

export const ARCHIVE_LIMITS = {
  /** The sum of the declared uncompressed sizes: a 20,000-row ledger is a few megabytes of XML. */
  totalBytes: 64 * 1024 * 1024,
  entries: 1000,
  /** How much one entry may inflate relative to its compressed size (sheet XML compresses ~10–30×). */
  ratio: 200,
};

const tooLarge = (zh: string, en: string) => fileError('too_large', zh, en);

/** Null when the archive may be parsed, else why not. */
export function checkArchive(buffer: Buffer): Promise<LedgerFileError | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve(notXlsx('无法读取压缩包目录', 'it is not a zip archive'));
      let total = 0;
      let count = 0;
      const done = (reason: LedgerFileError | null) => {
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
