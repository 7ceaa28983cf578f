/**
 * The add-in's production build: task pane, custom functions and ribbon commands into dist/addin/,
 * which `planbook serve` serves at /. ts-loader type-checks what it bundles (against tsconfig.json's
 * DOM + Office.js types); only the bundled files are checked, so another area's unfinished work does
 * not stop this build.
 *
 * Settings (environment, at build time):
 *   PLANBOOK_ADDIN_ORIGIN  origin written into the copied manifest (default https://localhost:3443)
 *   PLANBOOK_OFFICE_JS     'local' (default: /office-js/office.js from planbook's own server, for
 *                          intranets that cannot reach Microsoft's CDN) or 'cdn'. A page can also be
 *                          switched at run time with ?officejs=cdn or ?officejs=local.
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');

const DEFAULT_ORIGIN = 'https://localhost:3443';

module.exports = (_env, argv) => {
  const origin = (process.env.PLANBOOK_ADDIN_ORIGIN || DEFAULT_ORIGIN).replace(/\/+$/, '');
  const officeJs = process.env.PLANBOOK_OFFICE_JS === 'cdn' ? 'cdn' : 'local';
  const production = (argv && argv.mode) !== 'development';
  const page = (name, chunks, title) =>
    new HtmlWebpackPlugin({
      filename: `${name}.html`,
      template: path.resolve(__dirname, `src/taskpane/${name}.html`),
      chunks,
      title,
      inject: 'body',
      scriptLoading: 'blocking',
      templateParameters: { officeJs },
      minify: production ? { collapseWhitespace: true, removeComments: true, minifyCSS: true, minifyJS: true } : false,
    });
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    target: ['web', 'es2017'],
    entry: {
      taskpane: './src/taskpane/index.ts',
      commands: './src/taskpane/commands.ts',
      functions: './src/functions/functions.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist/addin'),
      filename: '[name].js',
      clean: true,
    },
    // papaparse (used by the checks' CSV reader, never in the pane) mentions Node's stream; the browser needs none.
    resolve: { extensions: ['.ts', '.js'], fallback: { stream: false } },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              onlyCompileBundledFiles: true,
              compilerOptions: { module: 'es2020', target: 'es2017', noEmit: false, sourceMap: !production },
            },
          },
        },
        { test: /\.css$/, type: 'asset/source' },
      ],
    },
    performance: { hints: production ? 'warning' : false, maxAssetSize: 600 * 1024, maxEntrypointSize: 600 * 1024 },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: 'functions.json', input: './src/functions/functions.ts' }),
      page('taskpane', ['taskpane'], 'planbook'),
      page('commands', ['commands'], 'planbook commands'),
      page('functions', ['functions'], 'planbook functions'),
      page('help', [], 'planbook help'),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          // The designed templates, which the pane inserts with insertWorksheetsFromBase64 where Excel allows.
          { from: 'templates/*.xlsx', to: 'templates/[name][ext]' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => content.toString().split(DEFAULT_ORIGIN).join(origin),
          },
        ],
      }),
    ],
  };
};
