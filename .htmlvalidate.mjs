// html-validate settings for the built site. tests/test_html_validity.py runs html-validate with
// them on every built page and on every view each wizard can show. It is the recommended preset,
// less three rules about how markup is written rather than whether it is valid HTML:
export default {
  extends: ["html-validate:recommended"],
  rules: {
    // Material's Jinja templates leave spaces at line ends: nothing a browser or reader sees.
    "no-trailing-whitespace": "off",
    // Material writes <!doctype html>; HTML does not care about its case.
    "doctype-style": "off",
    // HTML allows any id without spaces; Material's own start with "__" (__drawer, __nav_2).
    "valid-id": ["error", { relaxed: true }],
  },
  // A few findings come from Material's own templates, on elements we cannot change without
  // copying whole theme templates. They are excused one element at a time, with the reason, in
  // MATERIAL_EXCUSES in tests/test_html_validity.py; the rules stay on for everything else.
};
