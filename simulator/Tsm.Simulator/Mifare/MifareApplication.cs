using Tsm.Protocol.Apdu;

namespace Tsm.Simulator.Mifare;

/// <summary>
/// One entry of the card manager's directory: a MIFARE application (a set of sectors personalised for one service
/// provider). Identified by an ISO/IEC 7816-5 AID of 5–16 bytes; <see cref="Sequence"/> is a card-wide creation
/// counter that never repeats, so info sync can tell a re-created application from the old one.
/// </summary>
public sealed record MifareApplication(Aid Id, Aid Owner, IReadOnlyList<int> Sectors, uint Sequence, DateTimeOffset CreatedAt);
