using System.Diagnostics;
using System.Globalization;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// One process, named by its id and its start time: once a process has exited, Linux hands its
/// id to the next process or thread (ids wrap at <c>/proc/sys/kernel/pid_max</c>, often 32768),
/// so an id alone may later name something else, this test process included.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pid} ({ProcessTree.CommandLine(this)})");
}

/// <summary>Processes a test started and the ones they started in turn (Linux <c>/proc</c>).</summary>
public static class ProcessTree
{
    /// <summary>The process <paramref name="pid"/> as it is now, or <c>null</c> when it is gone.</summary>
    public static ProcessIdentity? Identify(int pid) =>
        ReadStat(pid) is { } stat && stat.State is not ('Z' or 'X') && IsProcess(pid) ? new ProcessIdentity(pid, stat.StartTime) : null;

    /// <summary>A living process and every living descendant of it, the process first.</summary>
    public static IReadOnlyList<ProcessIdentity> Snapshot(int pid)
    {
        var found = new List<ProcessIdentity>();
        if (Identify(pid) is not { } root)
        {
            return found;
        }

        found.Add(root);
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in Children(parent))
            {
                if (Identify(child) is { } identity && !found.Contains(identity))
                {
                    found.Add(identity);
                    queue.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>The command line of a process, or an empty string when it is gone.</summary>
    public static string CommandLine(ProcessIdentity process)
    {
        try
        {
            var line = File.ReadAllText($"/proc/{process.Pid}/cmdline").Replace('\0', ' ').Trim();
            return IsAlive(process) ? line : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Whether this very process still runs (not a zombie, and its id not handed on).</summary>
    public static bool IsAlive(ProcessIdentity process) => Identify(process.Pid) == process;

    /// <summary>Asks a process to stop (SIGTERM), as a platform does before it kills.</summary>
    public static void Terminate(ProcessIdentity process) => Signal(process, "-TERM");

    /// <summary>Kills whatever of <paramref name="processes"/> still runs, and waits until none does.</summary>
    public static async Task KillAndWaitAsync(IReadOnlyList<ProcessIdentity> processes)
    {
        foreach (var process in processes)
        {
            Signal(process, "-KILL");
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (processes.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static void Signal(ProcessIdentity process, string signal)
    {
        // Checked just before sending: a process that has exited since the snapshot is left
        // alone, whatever now holds its id. (The window between check and signal is
        // microseconds; the id would have to be handed on twice in it.)
        if (!IsAlive(process))
        {
            return;
        }

        using var kill = Process.Start("kill", [signal, process.Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Field 3 (state) and field 22 (start time, in clock ticks after boot) of <c>/proc/{pid}/stat</c>.</summary>
    private static (char State, long StartTime)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (name) S ppid ...": the name may hold spaces and parentheses, so fields are
        // counted after the last ')'. The state is field 3, the start time field 22.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="pid"/> names a process rather than one of its threads (<c>/proc</c> answers for both).</summary>
    private static bool IsProcess(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status")
                .FirstOrDefault(line => line.StartsWith("Tgid:", StringComparison.Ordinal)) is { } tgid &&
                int.Parse(tgid.AsSpan(5).Trim(), CultureInfo.InvariantCulture) == pid;
        }
        catch (IOException)
        {
            return false;
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
