using Microsoft.AspNetCore.Components;

namespace Pipeline.Dashboard.Components.Pages;

/// <summary>
/// A page that reloads its rows every second without a page reload; when the database cannot be reached it keeps
/// the last rows and says why they are stale.
/// </summary>
public abstract class LivePage<T> : ComponentBase, IDisposable
{
    private Timer? _timer;

    [Inject] private ILogger<LivePage<T>> Logger { get; set; } = null!;

    protected IReadOnlyList<T>? Rows { get; private set; }
    protected string? Error { get; private set; }

    protected abstract Task<IReadOnlyList<T>> LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        Rows = await LoadAsync();
        _timer = new Timer(_ => InvokeAsync(RefreshAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Loads the rows again now, as the timer does; for pages whose parameters change what they show.</summary>
    protected async Task RefreshAsync()
    {
        try
        {
            Rows = await LoadAsync();
            Error = null;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            Logger.LogWarning("Refreshing {Page} failed: {Reason}", GetType().Name, e.Message);
            Error = $"Database unreachable, figures may be stale: {e.Message}";
        }
        StateHasChanged();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
