using System.Text;

namespace Tsm.Simulator.Demo;

/// <summary>
/// Writes whole lines to a shared writer with a prefix (<c>phone 2 | …</c>), one line at a time under one lock, so
/// that several phones running at once print readable, unmixed lines.
/// </summary>
internal sealed class PrefixedWriter(TextWriter target, string prefix, Lock gate) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => target.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Flush();
            return;
        }
        if (value != '\r')
            _line.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
            Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Flush();
    }

    public override void Flush()
    {
        lock (gate)
        {
            target.WriteLine(prefix + _line);
            target.Flush();
        }
        _line.Clear();
    }
}
