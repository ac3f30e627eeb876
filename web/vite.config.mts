/**
 * The web pages, built into web/dist and served by the service at `/`. No inline scripts or styles, so
 * a Content-Security-Policy of 'self' holds; React's automatic JSX runtime.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
});
