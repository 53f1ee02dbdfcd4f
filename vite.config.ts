import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './' so the same build loads from app://spoke/ in Electron and from the web host.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
