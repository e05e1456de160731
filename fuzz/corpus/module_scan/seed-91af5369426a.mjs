// import 'missing-in-comment';
/* import x from 'missing-in-block'; */
const text = "import y from 'missing-in-string'";
const tpl = `import('missing-in-template')`;

export const handler = async () => ({ statusCode: 200, body: text + tpl });
