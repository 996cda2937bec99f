// Stylesheets mean nothing to jsdom: every `import '….css'` resolves to this empty module.
module.exports = {};
