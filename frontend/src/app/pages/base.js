// Every page (templates/base.html, deferred in <head>): copy buttons, phone tables, the menu
// toggle.
import '../page.js';
