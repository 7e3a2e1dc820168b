using System.Diagnostics;
using System.Text;

namespace Blog.Tests.Infrastructure;

/// <summary>Collects what a child process writes to standard output and error, for failure messages.</summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();

    /// <summary>Starts <paramref name="info"/> with both streams read into a new buffer.</summary>
    public static (Process Process, ProcessOutput Output) Start(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var output = new ProcessOutput();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>
    /// Waits for <paramref name="process"/> to exit within <paramref name="timeout"/>; past it,
    /// ends the process and its children and fails with what it wrote, rather than hanging the run.
    /// </summary>
    public async Task WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not finish within {timeout}.\n{this}");
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_text)
            {
                _text.AppendLine(line);
            }
        }
    }
}
