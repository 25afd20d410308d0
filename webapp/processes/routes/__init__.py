"""The administrators' process pages (definitions, modeler, versions, instances) and the public catalogue."""
