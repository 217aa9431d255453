/**
 * `tsx scripts/dicomweb/start-orthanc.ts [DIR_OR_FILE …] [--token T] [--user NAME:PASSWORD]`: a loopback
 * Orthanc holding the given files, its DICOMweb root printed on stdout, until Ctrl-C.
 */
import { sourcesFromPath } from '../../src/sources/node-files';
import { type OrthancOptions, startOrthanc } from './orthanc';

async function main(argv: string[]): Promise<void> {
  const paths: string[] = [];
  const tokens: string[] = [];
  const users: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--token') tokens.push(argv[++i] ?? '');
    else if (arg === '--user') {
      const [user, ...password] = (argv[++i] ?? '').split(':');
      users[user!] = password.join(':');
    } else paths.push(arg);
  }
  const auth: OrthancOptions['auth'] = tokens.length > 0 || Object.keys(users).length > 0 ? { tokens, users } : undefined;
  const server = await startOrthanc(auth ? { auth } : {});
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (const path of paths) {
    const files = (await sourcesFromPath(path)).map((source) => source.path);
    const { stored, rejected } = await server.upload(files);
    process.stderr.write(`${path}: ${stored.length} stored, ${rejected.length} refused\n`);
    for (const file of rejected) process.stderr.write(`  ${file.name}: ${file.status} ${file.message}\n`);
  }
  process.stdout.write(`${server.root}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
