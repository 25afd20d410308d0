// The browsable API (templates/api/docs.html); after Swagger UI's bundle and preset.
import '../api-docs.js';
