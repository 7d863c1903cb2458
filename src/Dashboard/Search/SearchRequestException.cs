namespace Pipeline.Dashboard.Search;

/// <summary>A query the caller can fix (unknown model, empty text, bad k): answered with 400 and the reason.</summary>
public sealed class SearchRequestException(string reason) : Exception(reason);
