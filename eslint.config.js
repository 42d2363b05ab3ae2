// ESLint flat config: the recommended rules of ESLint, typescript-eslint (without type information, so a lint of the
// whole repository takes seconds) and eslint-plugin-vue, with eslint-config-prettier last so that formatting is
// Prettier's alone (.prettierrc). Rules relaxed below are listed, with the reason, in the README's dependency table.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig, globalIgnores } from 'eslint/config'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['out/', 'dist/', '.cache/', 'node_modules/', 'test-output/', 'resources/', 'bench/results/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    rules: {
      // the house convention for a binding that exists only to be left out: `_name` (rest destructuring that drops
      // keys, callback parameters required by a signature)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }
      ]
    }
  },
  prettier
)
