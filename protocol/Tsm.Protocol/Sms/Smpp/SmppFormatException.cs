namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// A PDU that cannot be decoded. <see cref="Status"/> is the command_status to answer with: ESME_RINVCMDLEN
/// or ESME_RINVCMDID go in a generic_nack, a bad field in the command's own response. When
/// <see cref="IsFraming"/> is true the byte stream cannot be resynchronised (command_length below 16 or above
/// the maximum): answer generic_nack and close the connection.
/// </summary>
public sealed class SmppFormatException : FormatException
{
    public SmppFormatException(string message, uint status, uint commandId, uint sequence, bool isFraming)
        : base(message)
    {
        Status = status;
        CommandId = commandId;
        Sequence = sequence;
        IsFraming = isFraming;
    }

    public SmppFormatException()
    {
    }

    public SmppFormatException(string message)
        : base(message)
    {
    }

    public SmppFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The command_status to answer (see <see cref="SmppStatus"/>).</summary>
    public uint Status { get; } = SmppStatus.RSYSERR;

    /// <summary>The command_id of the offending PDU (0 when the header itself was unreadable).</summary>
    public uint CommandId { get; }

    /// <summary>The sequence_number to answer with.</summary>
    public uint Sequence { get; }

    /// <summary>True when the connection must be closed after answering.</summary>
    public bool IsFraming { get; }

    /// <summary>True when the answer is a generic_nack rather than the command's own response.</summary>
    public bool AnswerWithGenericNack =>
        IsFraming || Status is SmppStatus.RINVCMDID or SmppStatus.RINVCMDLEN || SmppCommands.ResponseOf((SmppCommandId)CommandId) is null;
}
