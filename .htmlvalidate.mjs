// html-validate settings for the built site. tests/site/test_html_validity.py runs html-validate with
// them on every built page and on every view each wizard can show. It is the recommended preset,
// less the rules below, which are about how markup is written rather than whether it is valid
// HTML or accessible:
export default {
  extends: ["html-validate:recommended"],
  rules: {
    // Material's Jinja templates leave spaces at line ends: nothing a browser or reader sees.
    "no-trailing-whitespace": "off",
    // Material writes <!doctype html>; HTML does not care about its case.
    "doctype-style": "off",
    // Python-Markdown writes line breaks as <br />; HTML allows either form of a void element.
    "void-style": "off",
    // Python-Markdown writes a table column's alignment as style="text-align: right;". Our
    // Content-Security-Policy allows inline styles (the theme needs them); scripts it does not.
    "no-inline-style": "off",
    // A search-engine limit, not an HTML one: Material titles each page "Page - Site name".
    "long-title": "off",
    // HTML allows any id without spaces; Material's own start with "__" (__drawer, __nav_2).
    "valid-id": ["error", { relaxed: true }],
    // A group of checkboxes shares one name (GOV.UK's checkboxes pattern), like radios do.
    "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
  },
  // A few findings come from Material's own templates, on elements we cannot change without
  // copying whole theme templates. They are excused one element at a time, with the reason, in
  // MATERIAL_EXCUSES in tests/site/test_html_validity.py; the rules stay on for everything else.
};
