import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`a ledger file refused as a whole: one sentence and a code (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [admin] = await Client.loginAll(app, 'admin');
    });
    after(() => closeTestApp(app, t));

    const send = (file: Buffer, dry_run = false) =>
      admin.post('/api/v1/projects/import', { file_base64: file.toString('base64'), dry_run });

    for (const dry of [true, false])
      test(`a text file is not_xlsx, checked${dry ? '' : ' or imported'}: no library message`, async () => {
        const { error } = refused(
          await send(Buffer.from('项目名称,责任单位\n修路,住建局\n'), dry),
          400,
          'invalid_file',
        );
        assert.equal(error.details.file_error, 'not_xlsx');
        assert.match(error.message, /^不是有效的xlsx文件/);
        assert.match(error.message_en, /not a valid xlsx file/);
        assert.doesNotMatch(JSON.stringify(error), /central directory|jszip|Can't find/i);
        assert.equal(error.details.imported, false);
        assert.equal(
          await t.ctx.db.selectFrom('projects').select('id').where('title', '=', '修路').executeTakeFirst(),
          undefined,
        );
      });

    test('a zip that is no workbook (a renamed archive) is not_xlsx too', async () => {
      const zip = new JSZip();
      zip.file('readme.txt', 'hello');
      const file = await zip.generateAsync({ type: 'nodebuffer' });
      const { error } = refused(await send(file), 400, 'invalid_file');
      assert.equal(error.details.file_error, 'not_xlsx');
    });

    test('skip_bad does not import around a file refused as a whole', async () => {
      const res = await admin.post('/api/v1/projects/import', {
        file_base64: Buffer.from('hello').toString('base64'),
        skip_bad: true,
      });
      assert.equal(refused(res, 400, 'invalid_file').error.details.file_error, 'not_xlsx');
    });
  });
}
