namespace Tsm.Protocol.Scripts;

/// <summary>
/// Reads the items of one expanded-format template (ETSI TS 102 226 §5.2): the <c>AA</c>/<c>AB</c> definite form
/// or the <c>AE</c>/<c>AF</c> indefinite form ending in <c>00 00</c>. Items are one-byte tags with primitive values,
/// so the reader classifies each fault by the bad-format type a card would report (§5.2.2) instead of using the
/// general BER reader, whose errors carry no such type.
/// </summary>
internal ref struct ScriptTlvReader
{
    private readonly ReadOnlySpan<byte> _script;
    private readonly ReadOnlySpan<byte> _allowedTags;
    private readonly int _end; // definite: end of the template value; indefinite: end of the buffer
    private int _position;
    private bool _done;

    /// <summary>Checks the template header and positions the reader on the first item.</summary>
    /// <exception cref="ScriptFormatException">Not one of the two template tags, or a bad template length.</exception>
    public ScriptTlvReader(ReadOnlySpan<byte> script, byte definiteTag, byte indefiniteTag, ReadOnlySpan<byte> allowedTags)
    {
        _script = script;
        _allowedTags = allowedTags;
        if (script.IsEmpty)
            throw new ScriptFormatException("The script is empty", BadFormatCode.LengthMissing, 0);
        var tag = script[0];
        if (tag != definiteTag && tag != indefiniteTag)
            throw new ScriptFormatException($"Template tag {tag:X2} is neither {definiteTag:X2} nor {indefiniteTag:X2}", BadFormatCode.UnknownTag, 0);
        if (script.Length < 2)
            throw new ScriptFormatException($"Template {tag:X2} has no length", BadFormatCode.LengthMissing, 1);
        IsIndefinite = tag == indefiniteTag;
        if (IsIndefinite)
        {
            // The indefinite template is always coded 80 ... 00 00 (TS 102 226 §5.2.1).
            if (script[1] != 0x80)
                throw new ScriptFormatException($"Template {tag:X2} needs the indefinite length 80, found {script[1]:X2}", BadFormatCode.WrongLength, 1);
            _position = 2;
            _end = script.Length;
            return;
        }
        var pos = 1;
        var length = ReadLength(script, ref pos);
        if (length != script.Length - pos)
        {
            throw new ScriptFormatException(
                $"Template {tag:X2} declares {length} bytes but {script.Length - pos} follow", BadFormatCode.WrongLength, 1);
        }
        _position = pos;
        _end = script.Length;
    }

    /// <summary>The template used the indefinite length form.</summary>
    public bool IsIndefinite { get; }

    /// <summary>Reads the next item; false after the last one (and, for the indefinite form, its end-of-contents).</summary>
    /// <exception cref="ScriptFormatException">An unknown tag, a missing or wrong length, a missing end-of-contents.</exception>
    public bool TryRead(out byte tag, out ReadOnlySpan<byte> value, out int offset)
    {
        tag = 0;
        value = default;
        offset = _position;
        if (_done)
            return false;
        if (IsIndefinite)
        {
            if (_position >= _end)
                throw new ScriptFormatException("The indefinite template has no end-of-contents 00 00", null, _position);
            if (_script[_position] == 0x00 && _position + 1 < _end && _script[_position + 1] == 0x00)
            {
                if (_position + 2 != _end)
                    throw new ScriptFormatException($"{_end - _position - 2} bytes follow the end-of-contents", null, _position + 2);
                _done = true;
                return false;
            }
        }
        else if (_position >= _end)
        {
            _done = true;
            return false;
        }
        tag = _script[_position];
        if (_allowedTags.IndexOf(tag) < 0)
            throw new ScriptFormatException($"Tag {tag:X2} is not defined here", BadFormatCode.UnknownTag, _position);
        var pos = _position + 1;
        var length = ReadLength(_script[.._end], ref pos);
        if (length > _end - pos)
            throw new ScriptFormatException($"Tag {tag:X2} needs {length} bytes, {_end - pos} left", BadFormatCode.WrongLength, _position);
        value = _script.Slice(pos, length);
        _position = pos + length;
        return true;
    }

    /// <summary>A definite BER length of one to four bytes (<c>00</c>–<c>7F</c>, <c>81</c>–<c>83</c> + 1..3 bytes).</summary>
    private static int ReadLength(ReadOnlySpan<byte> span, ref int pos)
    {
        if (pos >= span.Length)
            throw new ScriptFormatException("The length field is missing", BadFormatCode.LengthMissing, pos);
        var first = span[pos];
        if (first < 0x80)
        {
            pos++;
            return first;
        }
        var count = first & 0x7F;
        if (count is 0 or > 3)
            throw new ScriptFormatException($"Length byte {first:X2} is not allowed here", BadFormatCode.WrongLength, pos);
        if (pos + 1 + count > span.Length)
            throw new ScriptFormatException("The length field is truncated", BadFormatCode.LengthMissing, pos);
        var length = 0;
        for (var i = 1; i <= count; i++)
            length = (length << 8) | span[pos + i];
        pos += 1 + count;
        return length;
    }
}
