// A reviewer's task (templates/staff/task.html); after the bpmn-js viewer. upload.js is inert
// without a form.upload, which only a task that takes uploads renders.
import '../diagram.js';
import '../autosave.js';
import '../conditional.js';
import '../viewer.js';
import '../upload.js';
