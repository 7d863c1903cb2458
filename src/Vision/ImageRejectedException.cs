namespace Pipeline.Vision;

/// <summary>
/// The file is not an image this pipeline can use (empty, unknown signature, unreadable, truncated,
/// too many pixels). Permanent: retrying the same bytes gives the same answer.
/// </summary>
public sealed class ImageRejectedException(string reason) : Exception(reason);
