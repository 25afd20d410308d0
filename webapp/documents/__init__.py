"""The written acts a case produces: the facts gathered from the stored case (services) and the
PDFs drawn from them (rendering)."""
