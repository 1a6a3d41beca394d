"""Results -> JSON, text and Markdown (figures and HTML come with the report issue)."""
