using System.Diagnostics;
using System.Globalization;

namespace Blog.Tests.Infrastructure;

/// <summary>Processes a test started and the ones they started in turn (Linux <c>/proc</c>).</summary>
public static class ProcessTree
{
    /// <summary>Every living descendant of <paramref name="pid"/>, children first.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in Children(parent).Where(child => !found.Contains(child)))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>The command line of a process, or an empty string when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Whether a process still runs (exists and is not a zombie waiting to be reaped).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) S ...": the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Asks a process to stop (SIGTERM), as a platform does before it kills.</summary>
    public static void Terminate(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills whatever of <paramref name="pids"/> still runs, and waits until none does.</summary>
    public static async Task KillAndWaitAsync(IReadOnlyList<int> pids)
    {
        foreach (var pid in pids.Where(IsAlive))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // gone meanwhile
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (pids.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return [];
        }

        return tasks.SelectMany(task =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                return [];
            }
        }).Select(child => int.Parse(child, CultureInfo.InvariantCulture));
    }
}
