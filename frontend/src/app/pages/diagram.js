// Pages with a process diagram only (admin/instance.html, admin/definition.html,
// catalogue/item.html); after the bpmn-js viewer.
import '../diagram.js';
