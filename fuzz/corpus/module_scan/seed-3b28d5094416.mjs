const handler = async () => ({ statusCode: 200 });

export default { handler };
