@sp-gateway @sd
Feature: Security domain definitions
  Requirement 5.3 (security domain management): a business administrator applies for a security domain for a service
  provider (5.3.2); the platform allocates its AID from the operator's configured range; another administrator with
  approval rights approves it (5.3.3), after which the provider's staff see it and its provider may create it on SEs.
  Once it exists on an SE, only its deletion rule and its key-update period may change, and it cannot be deleted
  (5.3.4). The gateway runs in-process with the default AID range of appsettings.json; the phone's SE is simulated.

  Background:
    Given a registered phone whose SE runs the e-purse
    And business administrators "sd-applicant" and "sd-approver"
    And "bank-staff" of provider bank's staff
    And "other-staff" of provider other's staff

  Scenario: An SD is applied for, approved by another, created on an SE, and then only its key-update period changes
    When "sd-applicant" applies for a security domain for provider bank with a fixed space of 2048 bytes and key version 30
    Then the platform allocates AID A00000015153530100 from the operator's range, pending
    And "bank-staff" does not see the definition
    When "sd-applicant" approves the definition
    Then the definition answer is 403 "Approval by another account"
    When "sd-approver" approves the definition
    Then the definition answer is 200
    And "bank-staff" sees the definition
    And "other-staff" does not see the definition
    When the bank platform creates the defined security domain with key 303132333435363738393A3B3C3D3E3F of version 21 under its KEK
    Then the platform answers 200 with the "create-security-domain" task succeeded
    And the SE holds the defined security domain with a fixed space of 2048 bytes
    When "sd-applicant" changes the definition's key version to 31
    Then the definition answer is 409 "Security domain created on an SE"
    When "sd-applicant" changes the definition's key-update period to 30.00:00:00
    Then the definition answer is 200
    And the definition is approved, its key version 30 and its key-update period 30.00:00:00
    When "sd-applicant" deletes the definition
    Then the definition answer is 409 "Security domain created on an SE"
