namespace Tsm.Gateway.Api.Delegated;

/// <summary>
/// A card's answer to a delegated operation (the response data, hex) and what was asked: <c>load</c> (load file and SD
/// AIDs), <c>install</c> (load file and instance AIDs), <c>extradition</c> (old SD, application, new SD) or
/// <c>delete</c> (the deleted AID), the AIDs in the order of GP 2.2.1 tables C-10 to C-14.
/// </summary>
public sealed record ReceiptCheckRequest(string? Operation, string? Response, IReadOnlyList<string>? Aids);
