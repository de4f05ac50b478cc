// Preloaded into the server child (node --import) so the bench can read its V8 heap without a
// debug route: it answers a "memory" message on the IPC channel with process.memoryUsage().
// The channel is unref'd, so it never keeps the server alive.
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message === 'memory') process.send({ memory: process.memoryUsage() });
  });
  process.channel?.unref();
}
