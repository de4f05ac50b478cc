#!/usr/bin/env node
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli')) {
    console.error('switchboard is not built yet: run "npm install" (or "npm run build") in its folder first.');
    process.exit(1);
  }
  throw error;
});
