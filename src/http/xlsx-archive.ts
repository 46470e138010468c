/**
 * An uploaded xlsx file is a zip archive: before anything inflates it, its central directory is read (yauzl,
 * without inflating) and an archive that declares more than a spreadsheet of the application could hold (a
 * ledger, a list of parking sites) is refused — a zip bomb of a few hundred kilobytes would otherwise inflate to
 * gigabytes of sheet XML in the server's memory. Declared sizes can lie: the ledger's parse runs in a worker with
 * a memory cap (src/projects/xlsx/parse-in-worker.ts).
 */
import yauzl from 'yauzl';

export const ARCHIVE_LIMITS = {
  /** The sum of the declared uncompressed sizes: a 20,000-row ledger is a few megabytes of XML. */
  totalBytes: 64 * 1024 * 1024,
  entries: 1000,
  /** How much one entry may inflate relative to its compressed size (sheet XML compresses ~10–30×). */
  ratio: 200,
};

/** Null when the archive may be parsed, else the reason (in Chinese, for the import report). */
export function checkArchive(buffer: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve('不是有效的xlsx文件（无法读取压缩包目录）');
      let total = 0;
      let count = 0;
      const done = (reason: string | null) => {
        zip.close();
        resolve(reason);
      };
      zip.on('error', () => done('不是有效的xlsx文件（压缩包目录损坏）'));
      zip.on('entry', (e: yauzl.Entry) => {
        count++;
        total += e.uncompressedSize;
        if (count > ARCHIVE_LIMITS.entries)
          return done(`压缩包内文件过多（超过${ARCHIVE_LIMITS.entries}个）`);
        if (total > ARCHIVE_LIMITS.totalBytes)
          return done(`解压后超过${ARCHIVE_LIMITS.totalBytes / 1024 / 1024}MB，不像一份台账`);
        if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * ARCHIVE_LIMITS.ratio)
          return done(`压缩比异常（${e.fileName}），疑为压缩炸弹`);
        zip.readEntry();
      });
      zip.on('end', () => done(null));
      zip.readEntry();
    });
  });
}
