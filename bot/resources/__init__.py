"""The resource library: URL checks, the search service and the /crisis country choice."""
