module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ignorePatterns: ['cdk.out/'],
  rules: {
    // CDK constructs register themselves in the construct tree when created.
    'no-new': 'off',
    // CDK assertion helpers assert (and throw) like expect().
    'jest/expect-expect': [
      'warn',
      {
        assertFunctionNames: [
          'expect',
          '**.hasResourceProperties',
          '**.hasResource',
          '**.resourceCountIs',
          // The network flow test's assertion helper.
          'expectFlow',
        ],
      },
    ],
  },
});
