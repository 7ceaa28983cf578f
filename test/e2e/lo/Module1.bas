REM planbook e2e: LibreOffice itself types into a workbook, as a user's keystrokes are parsed.
REM Reads the steps file named by PB_SCRIPT, one tab-separated step per line:
REM   open FILE | paste SHEET CELL TEXT | format SHEET CELL CODE |
REM   enter SHEET CELL TEXT | keys SHEET CELL TEXT | merge SHEET RANGE | unmerge SHEET RANGE | note SHEET CELL TEXT | save FILE | close
REM (several open … save … close groups in one run: one soffice start for every workbook).
REM It writes FILE + ".done" once FILE is saved, or the steps file's name + ".err" with the failing step:
REM soffice's exit code says neither (it may even fail at shutdown after a macro that succeeded).

Sub Run
  Dim f As Integer, g As Integer, ln As String, parts() As String
  Dim doc As Object, sh As Object, wasProtected As Boolean, fmtKey As Long
  Dim locale As New com.sun.star.lang.Locale
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  Dim saveAs(1) As New com.sun.star.beans.PropertyValue
  Dim typed(0) As New com.sun.star.beans.PropertyValue
  Dim dispatcher As Object
  On Error GoTo Fail
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  f = FreeFile
  Open Environ("PB_SCRIPT") For Input As #f
  Do While Not EOF(f)
    Line Input #f, ln
    parts = Split(ln, Chr(9))
    If UBound(parts) >= 0 Then
      Select Case parts(0)
        Case "open"
          hidden(0).Name = "Hidden"
          hidden(0).Value = True
          doc = StarDesktop.loadComponentFromURL(ConvertToURL(parts(1)), "_blank", 0, hidden())
        Case "keys"
          REM What a keystroke does: the cell is selected and the text goes through the input line
          REM (ScViewFunc::EnterData), which parses it with the document's locale and, when the
          REM cell's format is General, gives the cell the format it detected ("45%" -> 0.45, 0%).
          sh = doc.Sheets.getByName(parts(1))
          doc.CurrentController.setActiveSheet(sh)
          doc.CurrentController.select(sh.getCellRangeByName(parts(2)))
          typed(0).Name = "StringName"
          typed(0).Value = parts(3)
          dispatcher.executeDispatch(doc.CurrentController.Frame, ".uno:EnterString", "", 0, typed())
        Case "enter"
          REM Content as the input line takes it: the FormulaLocal property hands the text to the same
          REM parser a keystroke's Enter reaches (ScDocFunc::SetNormalString: the document's locale,
          REM and the detected format given to a General cell), without the view and dispatcher that
          REM make headless 7.4 abort in a timer. Measured equal to "keys" on every value the tests type.
          sh = doc.Sheets.getByName(parts(1))
          sh.getCellRangeByName(parts(2)).FormulaLocal = parts(3)
        Case "paste"
          REM Text as a paste from a web page or a chat leaves it: a string, whatever it looks like.
          sh = doc.Sheets.getByName(parts(1))
          sh.getCellRangeByName(parts(2)).setString(parts(3))
        Case "format"
          sh = doc.Sheets.getByName(parts(1))
          If parts(3) = "General" Then
            REM The locale's own standard format, as Format › Cells › General gives (zh-CN: G/通用格式).
            fmtKey = doc.NumberFormats.getStandardIndex(locale)
          Else
            fmtKey = doc.NumberFormats.queryKey(parts(3), locale, False)
            If fmtKey < 0 Then fmtKey = doc.NumberFormats.addNew(parts(3), locale)
          End If
          sh.getCellRangeByName(parts(2)).NumberFormat = fmtKey
        Case "unmerge"
          sh = doc.Sheets.getByName(parts(1))
          wasProtected = sh.isProtected()
          If wasProtected Then sh.unprotect("")
          sh.getCellRangeByName(parts(2)).merge(False)
          If wasProtected Then sh.protect("")
        Case "merge"
          sh = doc.Sheets.getByName(parts(1))
          wasProtected = sh.isProtected()
          If wasProtected Then sh.unprotect("")
          sh.getCellRangeByName(parts(2)).merge(True)
          If wasProtected Then sh.protect("")
        Case "note"
          sh = doc.Sheets.getByName(parts(1))
          sh.Annotations.insertNew(sh.getCellRangeByName(parts(2)).CellAddress, parts(3))
        Case "save"
          saveAs(0).Name = "FilterName"
          saveAs(0).Value = "Calc MS Excel 2007 XML"
          saveAs(1).Name = "Overwrite"
          saveAs(1).Value = True
          REM storeToURL to another file: storeAsURL over the open file crashed soffice (7.x) after an edit.
          doc.storeToURL(ConvertToURL(parts(1)), saveAs())
          REM Marked done once saved: soffice (7.x) may crash after this point, at close or shutdown.
          g = FreeFile
          Open parts(1) & ".done" For Output As #g
          Print #g, "done"
          Close #g
        Case "close"
          doc.close(True)
      End Select
    End If
  Loop
  Close #f
  Exit Sub
Fail:
  g = FreeFile
  Open Environ("PB_SCRIPT") & ".err" For Output As #g
  Print #g, "line " & Erl & ": " & Error$ & " (" & ln & ")"
  Close #g
End Sub
