// Child process for the crash-atomicity test: imports a large day and reports progress on stdout, so the parent
// can SIGKILL it in the middle of the write transaction.
import { createCache } from '../index';
import { fakeDay } from './fake-day';

const [file, date, rows, tag] = process.argv.slice(2);
if (!file || !date || !rows || !tag) throw new Error('usage: import-child FILE DATE ROWS TAG');
const cache = createCache(file);
cache.write.replaceDay(fakeDay('flow', date, Number(rows), tag), (written, total) => {
  process.stdout.write(`progress ${written} ${total}\n`);
});
process.stdout.write('done\n');
cache.close();
