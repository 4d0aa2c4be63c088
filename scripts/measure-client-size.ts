/**
 * Prints what the client costs a browser app (scripts/lib/client-size.ts): the
 * minimal app's own code plus the client, without supabase-js, minified and
 * gzipped, and each package's share. `make test` holds it to the budget
 * (client/test/package/client-size.test.ts).
 *
 * Usage: tsx scripts/measure-client-size.ts
 */
import { CLIENT_SIZE_BUDGET_BYTES, measureClientSize } from "./lib/client-size.ts";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const size = await measureClientSize();
console.log(`minimal browser app without supabase-js: ${kb(size.minifiedBytes)} minified, ${kb(size.gzippedBytes)} gzipped (budget ${kb(CLIENT_SIZE_BUDGET_BYTES)})`);
for (const [name, bytes] of [...size.byPackage].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(16)} ${kb(bytes)} minified`);
