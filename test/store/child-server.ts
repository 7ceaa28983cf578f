/**
 * A store server in its own process, for the crash and multi-process tests:
 * `node -r tsx/cjs child-server.ts DATA_DIR [postgres://…]`.
 * Prints "READY <url>" once listening. No signal handling on purpose: the tests SIGKILL it.
 * PLANBOOK_TEST_CHECKPOINT_MS sets the checkpoint interval (a large one keeps every write in the journal).
 */
import { startServer } from '../../src/store/server';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: child-server.ts DATA_DIR');
  const databaseUrl = process.argv[3];
  const s = await startServer({
    dataDir,
    ...(databaseUrl ? { backend: 'postgres' as const, databaseUrl } : {}),
    port: 0,
    rateLimit: { burst: 1e6, perSecond: 1e6 },
    ...(process.env.PLANBOOK_TEST_CHECKPOINT_MS ? { checkpointMs: Number(process.env.PLANBOOK_TEST_CHECKPOINT_MS) } : {}),
    // Start-up lines go to stderr, where a refused start's message is read (F3.7: nothing contradicts it).
    log: (line: string) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(`READY ${s.url}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(3);
});
