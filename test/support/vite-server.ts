/** A Vite dev server on a free localhost port (WebGPU needs a secure context: localhost counts). */
import { createServer as createNetServer } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the project's Vite dev server; returns it and its base URL. */
export async function startViteServer(): Promise<{ server: ViteDevServer; url: string }> {
  const port = await freePort();
  const server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
  });
  await server.listen();
  return { server, url: `http://localhost:${port}` };
}
