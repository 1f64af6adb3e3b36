// `npm run bench`: loads bench/cli.ts through Vite's module runner, which
// compiles TypeScript and resolves the shaders' `?raw` imports the same way
// the bench page and the library build do.
import { createServer, createServerModuleRunner } from 'vite';

const server = await createServer({
  configFile: 'vite.config.ts',
  appType: 'custom',
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
let code = 1;
try {
  const { main } = await runner.import('/bench/cli.ts');
  code = await main(process.argv.slice(2));
} catch (error) {
  console.error(error);
} finally {
  await runner.close();
  await server.close();
}
// Dawn keeps the process alive while a GPU instance exists.
process.exit(code);
