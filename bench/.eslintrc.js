module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The bench reuses the backend's local environment and test helpers
    // (backend/src/...) on purpose; the backend package exports no entry for them.
    '@backstage/no-forbidden-package-imports': 'off',
  },
});
