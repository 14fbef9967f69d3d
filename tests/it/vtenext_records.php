<?php
// Records of one portal contact's company, made through vtenext's own PHP API, for lhs's tests.
// Usage: VTE_SRC=DIR php vtenext_records.php CONTACT_ID TAG FILE (tests/it/common.rs, Vte::records)
// Prints one JSON object: the ids of what it made.
$contact = (int)$argv[1]; $tag = $argv[2]; $file = $argv[3];
chdir(getenv('VTE_SRC') ?: die("set VTE_SRC\n"));
require('config.inc.php');
require_once('include/utils/utils.php');
SDK::getUtils();
global $current_user, $adb, $table_prefix;
$current_user = CRMEntity::getInstance('Users');
$current_user->retrieveCurrentUserInfoFromFile(1);
$_REQUEST = [];
$r = $adb->pquery("SELECT accountid FROM {$table_prefix}_contactdetails WHERE contactid = ?", [$contact]);
$account = (int)$adb->query_result($r, 0, 'accountid');
$out = ['account' => $account, 'contact' => $contact];

function make($module, $fields, $request = []) {
  $_REQUEST = $request;
  $e = CRMEntity::getInstance($module);
  foreach ($fields as $k => $v) $e->column_fields[$k] = $v;
  $e->column_fields['assigned_user_id'] = 1;
  $e->save($module);
  $_REQUEST = [];
  return $e;
}

// A product related to the company, a service related to it, both sold in a quote and an invoice.
$out['product'] = make('Products', ['productname' => "Router $tag", 'unit_price' => '120.50', 'discontinued' => 1,
  'productcode' => "RT-$tag", 'description' => "Dual band router & switch <$tag>"])->id;
$adb->pquery("INSERT INTO {$table_prefix}_seproductsrel (crmid, productid, setype) VALUES (?,?,?)", [$account, $out['product'], 'Accounts']);
$out['service'] = make('Services', ['servicename' => "Assistenza $tag", 'unit_price' => '80', 'discontinued' => 1,
  'description' => "Support contract $tag"])->id;
$adb->pquery("INSERT INTO {$table_prefix}_crmentityrel (crmid, module, relcrmid, relmodule) VALUES (?,?,?,?)",
  [$account, 'Accounts', $out['service'], 'Services']);
$lines = ['totalProductCount' => 1, 'hdnProductId1' => $out['product'], 'qty1' => '2', 'listPrice1' => '120.50',
  'subtotal' => '241.00', 'total' => '241.00', 'taxtype' => 'group', 'discount_percentage_final' => 0,
  'discount_amount_final' => 0, 'shipping_handling_charge' => 0, 'adjustment' => 0, 'action' => 'Save', 'ajxaction' => ''];
$out['quote'] = make('Quotes', ['subject' => "Offerta $tag", 'quotestage' => 'Created', 'account_id' => $account,
  'contact_id' => $contact, 'bill_street' => 'Via Roma 1', 'ship_street' => 'Via Roma 1', 'validtill' => '2027-01-31',
  'currency_id' => 1, 'conversion_rate' => 1], $lines)->id;
$out['invoice'] = make('Invoice', ['subject' => "Fattura $tag", 'invoicestatus' => 'Created', 'account_id' => $account,
  'contact_id' => $contact, 'bill_street' => 'Via Roma 1', 'ship_street' => 'Via Roma 1', 'invoicedate' => '2026-11-30',
  'currency_id' => 1, 'conversion_rate' => 1], $lines)->id;

// A project of the company with a task, a milestone (Scadenze) and a ticket related to it.
$out['project'] = make('ProjectPlan', ['projectname' => "Migrazione $tag", 'linktoaccountscontacts' => $account,
  'projectstatus' => 'in progress', 'startdate' => '2026-11-01', 'targetenddate' => '2027-02-28'])->id;
$out['task'] = make('ProjectTask', ['projecttaskname' => "Analisi $tag", 'projectid' => $out['project'],
  'projecttaskprogress' => '50%', 'startdate' => '2026-11-02', 'enddate' => '2026-12-15'])->id;
$out['milestone'] = make('ProjectMilestone', ['projectmilestonename' => "Collaudo $tag", 'projectid' => $out['project'],
  'projectmilestonedate' => '2027-01-15'])->id;
$out['ticket'] = make('HelpDesk', ['ticket_title' => "Ticket del progetto $tag", 'parent_id' => $contact,
  'ticketstatus' => 'Open', 'ticketpriorities' => 'Normal', 'description' => "About the project $tag"])->id;
$adb->pquery("INSERT INTO {$table_prefix}_crmentityrel (crmid, module, relcrmid, relmodule) VALUES (?,?,?,?)",
  [$out['project'], 'ProjectPlan', $out['ticket'], 'HelpDesk']);

// A document with a file, in a folder of its own, shown on the portal to the company.
$out['folder'] = (int)addEntityFolder('Documents', "Manuali $tag");
$name = basename($file);
$doc = make('Documents', ['notes_title' => "Guida $tag", 'folderid' => $out['folder'], 'filelocationtype' => 'I',
  'filestatus' => 1, 'active_portal' => 1, 'notecontent' => "How to install & run <$tag>"]);
$doc->parentid = $account;
$doc->insertintonotesrel($account, $doc->id);
$doc->uploadAndSaveFile($doc->id, 'Documents', ['name' => $name, 'tmp_name' => $file, 'size' => filesize($file),
  'type' => 'application/pdf'], true);
$adb->pquery("UPDATE {$table_prefix}_notes SET filename = ?, filesize = ?, filetype = ?, filelocationtype = 'I', filestatus = 1 WHERE notesid = ?",
  [$name, filesize($file), 'application/pdf', $doc->id]);
$out['document'] = $doc->id;

// A published FAQ (vtenext shows every FAQ to every customer).
// Its answer as the CRM's editor writes it: markup.
$out['faq'] = make('Faq', ['question' => "Come si configura $tag?", 'faq_answer' => "<p>Si apre il pannello &amp; si sceglie <b>Rete</b>.</p>",
  'faqstatus' => 'Published', 'faqcategories' => 'General', 'product_id' => 0])->id;

echo json_encode($out), "\n";
