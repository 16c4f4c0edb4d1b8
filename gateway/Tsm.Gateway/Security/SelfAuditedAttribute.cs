namespace Tsm.Gateway.Security;

/// <summary>Marks an endpoint that writes its own audit entries, so the audit trail does not write a second one.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class SelfAuditedAttribute : Attribute;
